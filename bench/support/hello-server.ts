// The one-click bench's baseline: a hello-world on the service's HTTP stack (Hono on
// @hono/node-server, through the same serveApp), answering POST /u/{token} with the same text
// and doing nothing else. Run as a child process like the real server; prints its URL.
import { Hono } from 'hono';
import { serveApp } from '../../src/node/serve';

const app = new Hono();
app.post('/u/:token', async (c) => {
  await c.req.text();
  return c.text('You are unsubscribed.\n', 200);
});
const server = await serveApp(app, { port: Number(process.env.PORT ?? 0), hostname: '127.0.0.1' });
console.log(server.url);
