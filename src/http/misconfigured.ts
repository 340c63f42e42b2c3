// What a Worker whose settings are wrong answers, on every route: 503 service_unavailable in
// the one error envelope, naming each setting and what is wrong with it (never its value), so
// whoever deploys it sees from /healthz what to fix, and nobody sees a stack trace.
import type { ConfigProblem } from '../config';
import { errorBody } from './errors';

export function misconfiguredResponse(problems: ConfigProblem[]): Response {
  const body = errorBody(
    'service_unavailable',
    `the service is not configured: ${describeProblems(problems)}`,
    problems.map((p) => ({ field: p.variable, message: p.message })),
  );
  return Response.json(body, {
    status: 503,
    // It lasts until someone changes the settings, so caches must not keep it either.
    headers: { 'cache-control': 'no-store', 'retry-after': '60' },
  });
}

export function describeProblems(problems: ConfigProblem[]): string {
  return problems.map((p) => `${p.variable}: ${p.message}`).join('; ');
}
