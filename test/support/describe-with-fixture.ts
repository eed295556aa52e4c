import { describe, it } from 'vitest';
import { absentFixtureLine, fixturesRequired, sharedFixture, type SharedFixture } from './shared-fixtures';

/**
 * A `describe` block over a shared fixture: run with its path when present; otherwise one
 * skipped case named by `absentFixtureLine` (or one failing case when fixtures are required).
 */
export function describeWithFixture(name: SharedFixture, title: string, body: (file: string) => void): void {
  const file = sharedFixture(name);
  if (file) {
    describe(title, () => body(file));
    return;
  }
  describe(title, () => {
    if (fixturesRequired()) {
      it('has its shared fixture', () => {
        throw new Error(`${absentFixtureLine(name).replace(/: its .*$/, '')}, and WARREN_REQUIRE_FIXTURES=1 requires it.`);
      });
    } else {
      it.skip(absentFixtureLine(name), () => undefined);
    }
  });
}
