// YAML text for the generated files: a header saying where the file comes from and how to
// regenerate it, then the content, with multi-line PromQL as block literals so it reads as written.
import { stringify } from 'yaml';

export function renderYaml(header: string[], content: unknown): string {
  const body = stringify(content, { lineWidth: 0, blockQuote: 'literal', indentSeq: true, aliasDuplicateObjects: false });
  return `${header.map((line) => (line === '' ? '#' : `# ${line}`)).join('\n')}\n${body}`;
}
