/** One resolution step for every connection: every address of a name is held to the policy. */
import { allowListPolicy, operatorPolicy } from '../../src/net/address-policy';
import { resolvePermitted } from '../../src/net/resolve-permitted';

describe('resolvePermitted', () => {
  it('takes a literal address as is, normalising an IPv4-mapped one before the policy sees it', async () => {
    expect(await resolvePermitted('[::ffff:169.254.169.254]', operatorPolicy)).toMatchObject({ ok: false, kind: 'denied', reason: expect.stringMatching(/169\.254\.169\.254 is link-local/) });
    expect(await resolvePermitted('127.0.0.1', operatorPolicy)).toEqual({ ok: true, addresses: [{ address: '127.0.0.1', family: 4 }] });
  });

  it('refuses a name when any of its addresses is outside the policy, not only the first', async () => {
    // localhost is 127.0.0.1 and, on most machines, ::1: allowing only one of them refuses the name.
    const r = await resolvePermitted('localhost', allowListPolicy(['::1/128']));
    expect(r).toMatchObject({ ok: false, kind: 'denied', reason: expect.stringMatching(/127\.0\.0\.1 \(localhost\) is outside api\.allowTargets/) });
  });

  it('says a name did not resolve, apart from a refusal', async () => {
    expect(await resolvePermitted('no-such-host.invalid', operatorPolicy)).toMatchObject({ ok: false, kind: 'dns' });
  });
});
