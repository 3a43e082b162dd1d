/** The patch emitter writes YAML that the yaml library reads back as the same tree. */
import { parse } from 'yaml';
import { toYaml } from '../../probes/shell/yaml-emit';

describe('toYaml', () => {
  it.each<[string, Record<string, unknown> | unknown[]]>([
    ['a strategic merge patch', { spec: { template: { spec: { containers: [{ name: 'app', livenessProbe: { exec: null, httpGet: { path: '/livez', port: 8080, scheme: 'HTTPS' } }, command: ['node', 'server.js'], args: null }] } } } }],
    ['strings YAML would misread', { a: 'true', b: 'null', c: '8080', d: '-v', e: 'a: b', f: '#x', g: '', h: 'x #y', i: "it's", j: 'line\nbreak', k: '0x1F', l: '.5', m: '~', n: 'yes', o: '1e3', p: ' lead', q: 'trail ', r: '[x]', s: '*a', t: '--date=yesterday', u: '-', v: '- x', w: '-1', x: '?', y: 'a"b' }],
    ['nested lists and empty collections', [{ op: 'replace', path: '/spec/template/spec/containers/0', value: { name: 'c', ports: [], env: {}, args: ['--a=1', ['x', 'y']] } }]],
    ['numbers and booleans', { seconds: 15, ratio: 0.5, enabled: false, negative: -3 }],
  ])('%s', (_name, value) => {
    expect(parse(toYaml(value))).toEqual(value);
  });
});
