import { describe, expect, it } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { JsonLogger, logContext } from '../../src/operations/json-logger.js';

/** The JSON logger: one parseable object per line, with the ids of the request being handled. */
describe('JsonLogger', () => {
  const capture = (level: 'error' | 'warn' | 'log' | 'debug' = 'log') => {
    const lines: string[] = [];
    return { logger: new JsonLogger(level, (line) => lines.push(line)), lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
  };

  it('given a request being handled, when a line is logged, then it parses as JSON and carries the request and correlation ids', () => {
    const { logger, lines, parsed } = capture();
    logContext.run({ requestId: 'req-1', correlationId: 'corr-1' }, () => logger.log('case accepted', 'standards'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    expect(parsed()[0]).toEqual({ time: expect.any(String), level: 'log', msg: 'case accepted', context: 'standards', requestId: 'req-1', correlationId: 'corr-1' });
    expect(new Date(parsed()[0].time as string).toISOString()).toBe(parsed()[0].time);
  });

  it('given no request, when a line is logged, then it has no ids', () => {
    const { logger, parsed } = capture();
    logger.warn('poll failed', 'subscriptions');
    expect(parsed()).toEqual([{ time: expect.any(String), level: 'warn', msg: 'poll failed', context: 'subscriptions' }]);
  });

  it('given an object message, when logged, then its fields join the line and cannot overwrite time, level or msg', () => {
    const { logger, parsed } = capture();
    logger.log({ msg: 'GET /health 200', status: 200, route: '/health', level: 'fake', time: 'fake' }, 'http');
    expect(parsed()[0]).toEqual({ time: expect.not.stringMatching('fake'), level: 'log', msg: 'GET /health 200', context: 'http', status: 200, route: '/health' });
  });

  it('given an error with a stack through Nest\'s Logger, when logged, then the stack and the context are fields of their own', () => {
    const { logger, parsed } = capture();
    const error = new Error('boom');
    const nest = new Logger('http');
    Logger.overrideLogger(logger);
    try {
      nest.error('POST /x failed [req-9]', error.stack);
      nest.error('plain failure');
    } finally {
      Logger.overrideLogger(['error']);
    }
    const [withStack, plain] = parsed();
    expect(withStack).toMatchObject({ level: 'error', msg: 'POST /x failed [req-9]', context: 'http', stack: error.stack });
    expect(plain).toEqual({ time: expect.any(String), level: 'error', msg: 'plain failure', context: 'http' });
  });

  it('given LOG_LEVEL, when lines of each level are logged, then only that level and the more severe ones are written', () => {
    const { logger, parsed } = capture('warn');
    logger.debug('d');
    logger.log('l');
    logger.warn('w');
    logger.error('e');
    logger.fatal('f');
    expect(parsed().map((l) => l.level)).toEqual(['warn', 'error', 'fatal']);
    const debug = capture('debug');
    debug.logger.debug('d');
    debug.logger.verbose('v');
    expect(debug.parsed().map((l) => l.level)).toEqual(['debug', 'verbose']);
  });
});
