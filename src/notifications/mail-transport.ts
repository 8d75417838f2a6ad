import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport, type SendMailOptions, type Transporter } from 'nodemailer';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';

export interface SendOutcome {
  accepted: string[];
  rejected: string[];
}

const addresses = (list: unknown): string[] =>
  Array.isArray(list)
    ? list.map((a) => (typeof a === 'string' ? a : String((a as { address?: string }).address)))
    : [];

/**
 * Where mail goes: SMTP when `SMTP_URL` is set (smtp:// with opportunistic STARTTLS, smtps://, user
 * and password in the URL, `?requireTLS=true` and `tls.*` options as nodemailer reads them), otherwise
 * one `.eml` file per mail under `DATA_DIR/mail/`, named after the event key so a resend overwrites it.
 */
@Injectable()
export class MailTransport implements OnModuleDestroy {
  private readonly logger = new Logger(MailTransport.name);
  private readonly transporter: Transporter;
  readonly mailDir?: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    if (config.smtpUrl) {
      // Bounded waits: a try never outlives the claim's lease, and a dead server frees the sender fast.
      this.transporter = createTransport({
        url: config.smtpUrl,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      });
      this.logger.log({ msg: 'Mail goes out through SMTP', host: new URL(config.smtpUrl).host });
    } else {
      this.transporter = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
      this.mailDir = join(config.dataDir, 'mail');
      this.logger.log({ msg: 'SMTP_URL is not set: mail is written as .eml files', dir: this.mailDir });
    }
  }

  async send(message: SendMailOptions, fileStem: string): Promise<SendOutcome> {
    // Message content never comes from files or URLs named in data.
    const safe: SendMailOptions = { ...message, disableFileAccess: true, disableUrlAccess: true };
    const info = (await this.transporter.sendMail(safe)) as {
      accepted?: unknown;
      rejected?: unknown;
      message?: Buffer;
    };
    if (this.mailDir) {
      await mkdir(this.mailDir, { recursive: true });
      const file = join(this.mailDir, `${fileStem.replace(/[^A-Za-z0-9.-]+/g, '_')}.eml`);
      await writeFile(`${file}.tmp`, info.message ?? Buffer.alloc(0));
      await rename(`${file}.tmp`, file);
      return { accepted: addresses(message.to), rejected: [] };
    }
    return { accepted: addresses(info.accepted), rejected: addresses(info.rejected) };
  }

  onModuleDestroy(): void {
    this.transporter.close();
  }
}
