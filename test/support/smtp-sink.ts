import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';

export interface SinkOptions {
  /** none (the default): plain SMTP; starttls: upgrade offered; implicit: TLS from the first byte (smtps). */
  tls?: 'none' | 'starttls' | 'implicit';
  /** Required credentials (AUTH PLAIN/LOGIN); none: anonymous. */
  auth?: { user: string; pass: string };
}

export interface ReceivedMail {
  /** Whether the session was encrypted, and who logged in. */
  secure: boolean;
  user?: string;
  /** Envelope recipients (RCPT TO), what the server really delivers to. */
  rcpt: string[];
  raw: string;
  /** Unfolded headers, names lower-cased, RFC 2047 words decoded. */
  headers: Map<string, string[]>;
  header(name: string): string | undefined;
}

type Answer = { code: number; message: string } | undefined;

/**
 * A real SMTP server on loopback (the `smtp-server` package) that keeps what it receives. `answer`
 * decides per recipient: undefined accepts, `{code: 451}` defers, `{code: 550}` rejects. It can be
 * stopped and started again on the same port to play an outage.
 */
export class SmtpSink {
  readonly mails: ReceivedMail[] = [];
  answer: (address: string) => Answer = () => undefined;
  port = 0;
  private server?: SMTPServer;

  async start(port = 0, options: SinkOptions = {}): Promise<this> {
    const tls = options.tls ?? 'none';
    const auth = options.auth;
    const server = new SMTPServer({
      authOptional: auth === undefined,
      secure: tls === 'implicit',
      disabledCommands: [...(tls === 'none' ? ['STARTTLS'] : []), ...(auth ? [] : ['AUTH'])],
      logger: false,
      onAuth: (a, _s, done) => {
        if (auth && a.username === auth.user && a.password === auth.pass)
          return done(null, { user: a.username });
        done(Object.assign(new Error('Invalid credentials'), { responseCode: 535 }));
      },
      onRcptTo: (address: SMTPServerAddress, _s: SMTPServerSession, done: (e?: Error) => void) => {
        const answer = this.answer(address.address);
        if (!answer) return done();
        const error = Object.assign(new Error(answer.message), { responseCode: answer.code });
        done(error);
      },
      onData: (stream, session, done) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          this.mails.push({
            ...parseMail(
              Buffer.concat(chunks).toString('utf8'),
              session.envelope.rcptTo.map((r) => r.address),
            ),
            secure: session.secure,
            user: typeof session.user === 'string' ? session.user : undefined,
          });
          done();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.server = server;
    this.port = (server.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  bySubject(prefix: string): ReceivedMail[] {
    return this.mails.filter((m) => (m.header('subject') ?? '').startsWith(prefix));
  }
}

function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, _charset: string, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          ).toString('utf8'),
    );
}

export function parseMail(raw: string, rcpt: string[]): Omit<ReceivedMail, 'secure' | 'user'> {
  const head = raw.split(/\r?\n\r?\n/)[0];
  const headers = new Map<string, string[]>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const name = line.slice(0, i).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), decodeWords(line.slice(i + 1).trim())]);
  }
  return { rcpt, raw, headers, header: (name) => headers.get(name.toLowerCase())?.[0] };
}
