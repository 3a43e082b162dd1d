/** The one root logger: JSON on stdout, secrets redacted. Children carry their bindings. */
import pino, { type Logger } from 'pino';

export function createLogger(options: { level?: string; name?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      name: options.name ?? 'distroready',
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      redact: {
        paths: ['token', 'api.token', 'headers.authorization', 'req.headers.authorization', '*.token'],
        censor: '[redacted]',
      },
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination ?? pino.destination({ fd: 1, sync: false }),
  );
}

/** A logger that writes nothing, for tests and for the CLI's quiet mode. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
