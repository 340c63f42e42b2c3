// The one place that maps a connector's `type` to its tool file. Adding a tool means adding
// its file, a line here and its test stand-in.
import type { ConnectorType } from '../db/schema';
import { brevo } from './brevo';
import { laposta } from './laposta';
import { mailchimp } from './mailchimp';
import { resend } from './resend';
import type { ConnectorTool } from './types';

const tools: Record<ConnectorType, ConnectorTool<never, never>> = {
  mailchimp: mailchimp as unknown as ConnectorTool<never, never>,
  brevo: brevo as unknown as ConnectorTool<never, never>,
  laposta: laposta as unknown as ConnectorTool<never, never>,
  resend: resend as unknown as ConnectorTool<never, never>,
};

// biome-ignore lint/suspicious/noExplicitAny: settings and credentials are validated by the tool's own schemas
export function toolFor(type: ConnectorType): ConnectorTool<any, any> {
  return tools[type];
}
