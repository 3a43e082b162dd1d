/** What the engine's preflight reads from a prepared target when a launch fails. */
import { createServer } from 'node:net';
import { prepareTarget } from '../../src/targets/prepare-target';

describe('prepareTarget', () => {
  it('hands a taken port to the engine as a launch error with its cause, and no process to probe', async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const port = (squatter.address() as { port: number }).port;
    try {
      const prepared = await prepareTarget({ name: 'w', url: `http://127.0.0.1:${port}`, run: { command: [process.execPath, '-e', ''], port } }, { baseDir: process.cwd() });
      expect(prepared.target.launchCause).toBe('port-in-use');
      // The squatter here is this very process: its pid and command line are named.
      expect(prepared.target.launchError).toContain(`already in use by another process (pid ${process.pid}, `);
      expect(prepared.target.process).toBeUndefined();
      await prepared.release();
    } finally {
      squatter.close();
    }
  });

  it('hands a command that is not found to the engine with its cause', async () => {
    const prepared = await prepareTarget({ name: 'w', run: { command: ['no-such-binary-distroready'] } }, { baseDir: process.cwd() });
    expect([prepared.target.launchCause, prepared.target.launchError]).toEqual(['not-found', expect.stringContaining('command not found')]);
    await prepared.release();
  });
});
