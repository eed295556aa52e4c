import { describe, expect, it } from 'vitest';
import { formatDiagnostic, parseMachineReadableLine, StderrClassifier } from './terraform-log.js';

describe('parseMachineReadableLine', () => {
  it('keeps the level and message of a JSON line', () => {
    const line = JSON.stringify({ '@level': 'info', '@message': 'terraform_data.a: Creating...', type: 'apply_start' });
    expect(parseMachineReadableLine(line, 'info')).toEqual([{ level: 'info', output: 'terraform_data.a: Creating...' }]);
  });

  it('maps "warning" to warn and explains unknown levels', () => {
    expect(parseMachineReadableLine('{"@level":"WARNING","@message":"careful"}', 'info')).toEqual([{ level: 'warn', output: 'careful' }]);
    expect(parseMachineReadableLine('{"@level":"loud","@message":"x"}', 'info')).toEqual([
      { level: 'warn', output: 'unable to convert log level loud' },
      { level: 'info', output: 'x' },
    ]);
  });

  it('logs plain lines at the given level and drops blank ones', () => {
    expect(parseMachineReadableLine('Acquiring state lock.', 'debug')).toEqual([{ level: 'debug', output: 'Acquiring state lock.' }]);
    expect(parseMachineReadableLine('   ', 'info')).toEqual([]);
  });

  it('renders diagnostics after their summary', () => {
    const line = JSON.stringify({
      '@level': 'error',
      '@message': 'Error: Invalid expression',
      diagnostic: {
        severity: 'error',
        summary: 'Invalid expression',
        detail: 'Expected the start of an expression, but found an invalid expression token.',
        range: { filename: 'main.tf', start: { line: 2 } },
        snippet: { context: 'resource "terraform_data" "a"', code: '  input = \n}', start_line: 2, values: [] },
      },
    });
    expect(parseMachineReadableLine(line, 'info')).toEqual([
      { level: 'error', output: 'Error: Invalid expression' },
      { level: 'error', output: 'on main.tf line 2, in resource "terraform_data" "a":' },
      { level: 'error', output: '  2:   input = ' },
      { level: 'error', output: '  3: }' },
      { level: 'error', output: '' },
      { level: 'error', output: 'Expected the start of an expression, but found an invalid expression token.' },
    ]);
  });

  it('logs warning diagnostics as warnings and skips empty renderings', () => {
    const warning = JSON.stringify({ '@level': 'warn', '@message': 'Warning: old', diagnostic: { severity: 'warning', summary: 'old', detail: 'Use new.' } });
    expect(parseMachineReadableLine(warning, 'info')).toEqual([
      { level: 'warn', output: 'Warning: old' },
      { level: 'warn', output: 'Use new.' },
    ]);
    const bare = JSON.stringify({ '@level': 'error', '@message': 'Error: execution halted', diagnostic: { severity: 'error', summary: 'execution halted', detail: '' } });
    expect(parseMachineReadableLine(bare, 'info')).toEqual([{ level: 'error', output: 'Error: execution halted' }]);
  });
});

describe('formatDiagnostic', () => {
  it('lists the values involved, sorted, and notes missing source', () => {
    expect(
      formatDiagnostic({
        detail: 'Bad.',
        range: { filename: 'a.tf', start: { line: 4 } },
        snippet: { code: 'x = var.b + var.a', start_line: 4, values: [{ traversal: 'var.b', statement: 'is 2' }, { traversal: 'var.a', statement: 'is 1' }] },
      }),
    ).toBe('on a.tf line 4:\n  4: x = var.b + var.a\n    ├────────────────\n    │ var.a is 1\n    │ var.b is 2\n\nBad.');
    expect(formatDiagnostic({ detail: 'Bad.', range: { filename: 'a.tf', start: { line: 1 } } })).toBe(
      'on a.tf line 1:\n  (source code not available)\n\nBad.',
    );
  });
});

describe('StderrClassifier', () => {
  it('logs plain lines as errors and warning boxes as warnings without the box drawing', () => {
    const classifier = new StderrClassifier();
    const lines = ['boom', '╷', '│ Warning: Unable to open CLI configuration file', '│', '│ The file does not exist.', '╵', 'after']
      .flatMap((line) => classifier.classify(line));
    expect(lines).toEqual([
      { level: 'error', output: 'boom' },
      { level: 'warn', output: 'Warning: Unable to open CLI configuration file' },
      { level: 'warn', output: 'The file does not exist.' },
      { level: 'error', output: 'after' },
    ]);
  });

  it('keeps levels of TF_LOG=JSON lines, dropping trace and lowering info to debug', () => {
    const classifier = new StderrClassifier();
    expect(classifier.classify('{"@level":"trace","@message":"noise"}')).toEqual([]);
    expect(classifier.classify('{"@level":"info","@message":"provider started"}')).toEqual([{ level: 'debug', output: 'provider started' }]);
    expect(classifier.classify('{"@level":"error","@message":"bad"}')).toEqual([{ level: 'error', output: 'bad' }]);
  });
});
