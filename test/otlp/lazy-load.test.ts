/**
 * protobufjs and grpc-js are loaded only when a receiver starts: the probe registry, the
 * server and the check command must not pull them in at import (the compiled CLI's
 * start-up pays for every module it loads).
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const DIST = path.resolve(__dirname, '..', '..', 'dist');

it('importing the probes, serve and check loads neither protobufjs nor grpc-js', () => {
  const script = `
    for (const m of ['probes/index.js', 'src/server.js', 'src/commands/check.js']) require(${JSON.stringify(DIST)} + '/' + m);
    process.stdout.write(JSON.stringify(Object.keys(require.cache).filter((k) => /node_modules\\/(protobufjs|@grpc\\/grpc-js)\\//.test(k))));
  `;
  expect(JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }))).toEqual([]);
});
