// Baseline for `npm run bench`: plain node:http. With a size, it answers a fixed JSON body of that size to
// everything; with a fixtures file ({ "METHOD /path": { status, type, body (base64) } }), each request gets
// the very bytes the platform answered to it.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [port, spec] = process.argv.slice(2);
const answers = new Map();
if (/^\d+$/.test(spec)) {
  const body = Buffer.from(JSON.stringify({ id: 1, title: 'baseline', html: 'x'.repeat(Math.max(0, Number(spec) - 40)) }));
  answers.set('*', { status: 200, type: 'application/json; charset=utf-8', body });
} else {
  for (const [key, fixture] of Object.entries(JSON.parse(readFileSync(spec, 'utf8')))) answers.set(key, { ...fixture, body: Buffer.from(fixture.body, 'base64') });
}
createServer((request, response) => {
  const answer = answers.get(`${request.method} ${request.url}`) ?? answers.get('*');
  // A request body (sign-up, quiz start) is read to its end, as the platform does.
  request.resume();
  request.on('end', () => {
    if (!answer) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(answer.status, { 'content-type': answer.type, 'content-length': answer.body.length });
    response.end(answer.body);
  });
}).listen(Number(port), '127.0.0.1', () => process.stdout.write('listening\n'));
