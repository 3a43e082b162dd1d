/**
 * The script reader's two shortcuts must not change what it reads: the fast path for plain
 * commands (with output redirections) reads exactly what the shell parser reads, and the
 * cache by script text neither parses a script twice nor carries one reading's variables
 * into another's.
 */
import { readScript } from '../../probes/shell/script/read-script';
import { fastSyntax } from '../../probes/shell/script/script-fast-path';
import { parsedSyntax, scriptSyntax } from '../../probes/shell/script/script-syntax';
import { loadShellParser, shellParser } from '../../probes/shell/script/shell-parser';

beforeAll(() => loadShellParser());

describe('the fast path', () => {
  it.each([
    'sleep 5',
    'exec node server.js',
    'exec node server-1.js >> /var/log/app/app-1.log 2>&1',
    'java -jar /app/app.jar > /dev/null',
    'java -jar app.jar >/dev/null 2>/dev/null',
    'nginx -g daemon-off 1>&2',
    'app --port=8080 >&2',
    'app &> /tmp/out.log',
    'app &>> /tmp/out.log',
    'app 2>> err.log',
    'echo 2 > f',
    '  curl -sf http://localhost:8080/readyz/7  ',
    'nohup exec command app',
    'exec',
  ])('reads %j as the parser does', (script) => {
    const fast = fastSyntax(script);
    expect(fast).not.toBeNull();
    expect(fast).toEqual(parsedSyntax(script));
  });

  it.each([
    'node x < in.txt',
    'node x>out.log',
    'node x >& out.log',
    'node x 2> &1',
    'node x > f y',
    'A=1 node x',
    'node $X > f',
    'node "x" > f',
    'node *.js',
    'node x; node y',
    'node x | tee f',
    'node x && exit 0',
    'node x >',
    '~/bin/x',
    'node x\nnode y',
  ])('leaves %j to the parser', (script) => {
    expect(fastSyntax(script)).toBeNull();
  });

  it('agrees with the parser on generated plain scripts', () => {
    const words = ['node', 'a.js', '-p', '8080', '2', 'x=y', '/bin/app', 'k:v', '%s', 'a,b'];
    const redirects = ['> f', '>>f', '2>&1', '>&2', '2> /dev/null', '&>log', '1>>a.log', '3>f'];
    let seed = 7;
    const pick = <T>(list: T[]): T => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return list[seed % list.length]!;
    };
    let fastOnes = 0;
    for (let i = 0; i < 300; i++) {
      const parts = Array.from({ length: 1 + (i % 4) }, () => pick(words));
      const tail = Array.from({ length: i % 3 }, () => pick(redirects));
      const script = [...parts, ...tail].join(pick([' ', '  ', '\t']));
      const fast = fastSyntax(script);
      if (fast === null) continue;
      fastOnes++;
      expect({ script, syntax: fast }).toEqual({ script, syntax: parsedSyntax(script) });
    }
    // The generator must reach the fast path, or the test proves nothing.
    expect(fastOnes).toBeGreaterThan(200);
  });
});

describe('the cache', () => {
  it('parses a script once however often it is read', () => {
    const parse = jest.spyOn(shellParser(), 'parse');
    try {
      const script = 'until nc -z db-cache-test 5432; do sleep 1; done';
      for (let i = 0; i < 5; i++) readScript(script);
      expect(parse).toHaveBeenCalledTimes(1);
    } finally {
      parse.mockRestore();
    }
  });

  it('expands variables per reading, not per cached syntax', () => {
    const script = 'curl -f "http://localhost:${PORT}/health" || exit 1';
    expect(readScript(script, new Map([['PORT', '8000']])).commands[0]!.argv).toEqual(['curl', '-f', 'http://localhost:8000/health']);
    expect(readScript(script, new Map([['PORT', '9000']])).commands[0]!.argv).toEqual(['curl', '-f', 'http://localhost:9000/health']);
    const unknown = readScript(script).commands[0]!;
    expect(unknown.literal).toBe(false);
    expect(unknown.argv[2]).toBe('http://localhost:${PORT}/health');
  });

  it('hands out readings a caller may change', () => {
    const script = 'exec node cache-test.js >> /var/log/a.log 2>&1';
    readScript(script).plain!.push('--changed');
    readScript(script).commands[0]!.argv[0] = 'changed';
    expect(readScript(script).plain).toEqual(['node', 'cache-test.js']);
    expect(scriptSyntax(script)).toEqual(parsedSyntax(script));
  });
});
