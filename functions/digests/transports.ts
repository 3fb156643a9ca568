// How a digest leaves the machine: email through an SMTP server (nodemailer) and Slack through incoming webhooks.
// Each failure says whether trying again can help, so delivery retries only what may pass next time.
import nodemailer from 'nodemailer';

/** What one message carries: the same digest as text, HTML and Slack blocks. */
export interface OutgoingMessage {
  subject: string;
  text: string;
  html: string;
  slack: { text: string; blocks: unknown[] };
}

/** Sends one email to one address. */
export interface EmailSender {
  send(to: string, message: OutgoingMessage): Promise<void>;
  close(): void;
}

/** Posts one message to one Slack incoming webhook. */
export interface SlackSender {
  send(webhookUrl: string, message: OutgoingMessage): Promise<void>;
}

/** A message that did not go out; `retryable` when the same attempt may pass later (busy server, rate limit, network). */
export class DeliveryFailure extends Error {
  override name = 'DeliveryFailure';
  readonly retryable: boolean;
  /** Seconds the receiver asked us to wait (Slack's Retry-After), if it said. */
  readonly retryAfterSeconds: number | null;
  constructor(message: string, retryable: boolean, retryAfterSeconds: number | null = null) {
    super(message);
    this.retryable = retryable;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** SMTP settings as the CLI resolves them: config for the server, the environment for the login. */
export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  password?: string;
}

/** Email through an SMTP server; 5xx replies are final (bad address, refused sender), everything else may pass on a retry. */
export function smtpSender(settings: SmtpSettings, from: string): EmailSender {
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    ...(settings.user ? { auth: { user: settings.user, pass: settings.password ?? '' } } : {}),
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  return {
    async send(to, message) {
      try {
        await transport.sendMail({ from, to, subject: message.subject, text: message.text, html: message.html });
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        const permanent = code !== undefined && code >= 500 && code < 600;
        throw new DeliveryFailure(`SMTP ${settings.host}:${settings.port} refused the message${code ? ` (${code})` : ''}: ${(error as Error).message}`, !permanent);
      }
    },
    close: () => transport.close(),
  };
}

/** Slack incoming webhooks: 429 and 5xx are worth a retry (after Retry-After when given); other 4xx mean a wrong or revoked webhook. */
export function webhookSender(): SlackSender {
  return {
    async send(webhookUrl, message) {
      let response: Response;
      try {
        response = await fetch(webhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(message.slack),
          signal: AbortSignal.timeout(15_000),
        });
      } catch (error) {
        throw new DeliveryFailure(`the Slack webhook could not be reached: ${(error as Error).message}`, true);
      }
      if (response.ok) return;
      const body = (await response.text()).slice(0, 200);
      const retryAfter = Number(response.headers.get('retry-after'));
      const retryable = response.status === 429 || response.status >= 500;
      throw new DeliveryFailure(`the Slack webhook answered ${response.status}${body ? ` (${body})` : ''}`, retryable, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null);
    },
  };
}
