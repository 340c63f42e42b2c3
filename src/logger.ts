// Structured one-line JSON logs. Callers pass ids and counts, never addresses or tokens:
// the logs must not become a second copy of personal data.
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(level: LogLevel = 'info', write: (line: string) => void = console.log): Logger {
  const log = (at: LogLevel) => (msg: string, fields?: LogFields) => {
    if (order[at] < order[level]) return;
    write(JSON.stringify({ t: new Date().toISOString(), level: at, msg, ...fields }));
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
