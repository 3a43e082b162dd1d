/** Which addresses API callers may make distroready reach: numeric tricks included. */
import { allowListPolicy, normalizeIp, operatorPolicy } from '../../src/net/address-policy';

describe('address policy', () => {
  it.each([
    ['::ffff:169.254.169.254', '169.254.169.254'],
    ['::ffff:a9fe:a9fe', '169.254.169.254'],
    ['[::FFFF:7f00:1]', '127.0.0.1'],
    ['::1', '::1'],
  ])('normalizes %s to %s', (ip, expected) => {
    expect(normalizeIp(ip)).toBe(expected);
  });

  const policy = allowListPolicy(['127.0.0.0/8', '::1/128', '*.svc.cluster.local', '169.254.0.0/16']);
  it.each<[string, string, string | null]>([
    ['127.0.0.1', 'localhost', null],
    ['::1', 'localhost', null],
    ['10.1.2.3', 'api.svc.cluster.local', null],
    ['10.1.2.3', 'evil.example', '10.1.2.3 (evil.example) is outside api.allowTargets'],
    ['169.254.169.254', '169.254.169.254', '169.254.169.254 is link-local or a cloud metadata address'],
    ['::ffff:a9fe:a9fe', 'x', '169.254.169.254 is link-local or a cloud metadata address'],
    ['fe80::1', 'x', 'fe80::1 is link-local or a cloud metadata address'],
  ])('%s (%s) → %s', (ip, host, reason) => {
    expect(policy.denies(ip, host)).toBe(reason);
  });

  it('lets the operator config reach private addresses but not metadata', () => {
    expect(operatorPolicy.denies('10.0.0.5', 'x')).toBeNull();
    expect(operatorPolicy.denies('169.254.169.254', 'x')).toMatch(/metadata/);
  });
});
