// Real receivers on 127.0.0.1 for delivery tests: an SMTP server (smtp-server, messages parsed by mailparser) and a
// Slack-shaped incoming-webhook endpoint (node:http) that can answer 429 or 500 for a set number of requests.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One email as the server received it: the envelope's recipients and the parsed message. */
export interface ReceivedMail {
  to: string[];
  mail: ParsedMail;
}

/** A running SMTP server; `refuse` makes the next n messages fail with the given reply code (451 transient, 550 final). */
export interface SmtpTestServer {
  port: number;
  received: ReceivedMail[];
  refuse(times: number, code: 451 | 550): void;
  close(): Promise<void>;
}

/** Starts an SMTP server on 127.0.0.1 (no TLS, no login) that keeps what it receives. */
export async function startSmtpServer(): Promise<SmtpTestServer> {
  const received: ReceivedMail[] = [];
  let refusals = 0;
  let refusalCode = 451;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onMailFrom(_address, _session, callback) {
      if (refusals > 0) {
        refusals--;
        return callback(Object.assign(new Error(refusalCode === 550 ? 'Sender refused' : 'Try again later'), { responseCode: refusalCode }));
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), mail });
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    refuse(times, code) {
      refusals = times;
      refusalCode = code;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A running Slack-shaped endpoint: each webhook is a path; `fail` answers the next n posts with a status. */
export interface SlackTestEndpoint {
  url(name: string): string;
  received: Array<{ path: string; body: { text: string; blocks: Array<Record<string, unknown>> } }>;
  requests: number;
  fail(times: number, status: 429 | 500 | 404): void;
  close(): Promise<void>;
}

/** Starts a Slack incoming-webhook look-alike on 127.0.0.1: 200 "ok" for a JSON post, or the failure it was told to give. */
export async function startSlackEndpoint(): Promise<SlackTestEndpoint> {
  const received: SlackTestEndpoint['received'] = [];
  let failures = 0;
  let failStatus = 500;
  const state = { requests: 0 };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      state.requests++;
      if (failures > 0) {
        failures--;
        response.writeHead(failStatus, failStatus === 429 ? { 'retry-after': '0' } : {});
        response.end(failStatus === 429 ? 'rate_limited' : failStatus === 404 ? 'no_service' : 'internal_error');
        return;
      }
      received.push({ path: request.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (name) => `http://127.0.0.1:${port}/services/${name}`,
    received,
    get requests() {
      return state.requests;
    },
    fail(times, status) {
      failures = times;
      failStatus = status;
    },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
