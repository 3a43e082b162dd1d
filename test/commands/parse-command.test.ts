/** Command-line parsing from the one list of commands: did-you-mean, list flags, formats from file names. */
import { reportFormat, adHocWorkloads } from '../../src/commands/check';
import { commandHelp, commandSpec, COMMANDS } from '../../src/commands/command-specs';
import { parseCommand } from '../../src/commands/parse-command';
import { readableLine } from '../../src/commands/readable-log';
import { formatForFile } from '../../src/report/render';

const check = commandSpec('check')!;

describe('parseCommand', () => {
  it('takes the words after --manifests as its values, and the flag repeated', () => {
    const { values } = parseCommand(check, ['--manifests', 'a.yaml', 'b.yaml', '--target', 'x:1', '--manifests', 'c.yaml']);
    expect(values.manifests).toEqual(['a.yaml', 'b.yaml', 'c.yaml']);
    expect(values.target).toEqual(['x:1']);
  });

  it.each<[string[], string]>([
    [['--targett', 'x'], 'check: unknown option --targett; did you mean --target?'],
    [['--min-scor=3'], 'check: unknown option --min-scor; did you mean --min-score?'],
    [['--manifest', 'a'], 'check: unknown option --manifest; did you mean --manifests?'],
    [['--zzzzzzzz'], 'check: unknown option --zzzzzzzz (distroready check --help lists them)'],
    [['--out'], "check: Option '--out <value>' argument missing"],
    [['stray'], 'check: unexpected argument "stray"'],
  ])('%j: %s', (args, message) => {
    expect(() => parseCommand(check, args)).toThrow(message);
  });

  it('finds --help among other flags', () => {
    expect(parseCommand(check, ['--target', 'x', '-h']).help).toBe(true);
  });

  it('documents every option of every command in its help', () => {
    for (const c of COMMANDS) {
      const help = commandHelp(c);
      for (const o of c.options) expect(help).toContain(`--${o.name}`);
    }
  });
});

describe('check arguments', () => {
  it.each([
    ['report.html', 'html'],
    ['REPORT.HTM', 'html'],
    ['notes.md', 'md'],
    ['results.sarif', 'sarif'],
    ['results.sarif.json', 'sarif'],
    ['tests.junit.xml', 'junit'],
    ['out.json', 'json'],
    ['report', undefined],
  ])('--out %s implies %s', (file, format) => {
    expect(formatForFile(file)).toBe(format);
  });

  it('keeps an explicit --format over the file name, and says so', () => {
    expect(reportFormat({ out: 'r.html' })).toEqual({ format: 'html' });
    expect(reportFormat({ format: 'json', out: 'r.html' })).toEqual({ format: 'json', warning: 'distroready: warning: writing the json report to r.html, whose name says html' });
  });

  it('completes one target with its files, anchored at the first one', () => {
    const [w] = adHocWorkloads({ target: ['127.0.0.1:8080'], dockerfile: 'examples/workloads/legacy/Dockerfile', manifests: ['examples/workloads/legacy/deployment.yaml'] });
    expect(w).toMatchObject({ name: '127.0.0.1:8080', url: 'http://127.0.0.1:8080', definedAt: { file: 'examples/workloads/legacy/Dockerfile', line: 1 } });
    expect(w!.dockerfile).toMatch(/^\/.*examples\/workloads\/legacy\/Dockerfile$/);
  });

  it('makes a workload of files alone, named by their directory', () => {
    expect(adHocWorkloads({ manifests: ['examples/workloads/ready/deployment.yaml'] })[0]!.name).toBe('ready');
  });
});

describe('readable warnings', () => {
  it('turns a pino record into one line, with its fields and no escapes', () => {
    const json = JSON.stringify({ level: 'warn', time: 'x', name: 'distroready', sweepId: 's', workload: 'a\u001b[31m', err: { message: 'boom' }, msg: 'probe failed' });
    expect(readableLine(json)).toBe('distroready: warning: probe failed (workload a\\x1b[31m, err boom)');
    expect(readableLine('not json\u0007')).toBe('not json\\x07');
  });
});
