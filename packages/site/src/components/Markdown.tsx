import MarkdownToJsx from 'markdown-to-jsx';

/**
 * Markdown from templates (parameter descriptions, READMEs), rendered to React elements: raw
 * HTML is not interpreted, links open in a new tab.
 */
export function Markdown({ children, className = '' }: { children: string; className?: string }) {
  return (
    <div className={`text-sm text-content-muted [&_a]:text-accent [&_a]:underline [&_code]:font-mono [&_code]:text-xs [&_p]:my-1 [&_ul]:list-disc [&_ul]:pl-5 ${className}`}>
      <MarkdownToJsx
        options={{
          disableParsingRawHTML: true,
          overrides: { a: { props: { target: '_blank', rel: 'noreferrer' } } },
        }}
      >
        {children}
      </MarkdownToJsx>
    </div>
  );
}
