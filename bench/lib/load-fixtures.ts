import type { ChatReply } from '../../test/support/fake-openai/server';

/**
 * What the load benchmarks ask and what the knowledge base answers from: two
 * small public help pages, questions one of them answers well, and the reply
 * the zero-latency fake model gives to every question, grounded in that page
 * (it cites P1, the best passage, and its words are the passage's). So the
 * engine's confidence is high and replies are sent without review, which is
 * the path these benchmarks measure; a reply that goes to review instead
 * still reaches the asker (a holding message) and is counted apart.
 */
export const BENCH_DOCUMENTS = [
  {
    id: 'bench/vpn.md',
    title: 'VPN access',
    markdown: `# VPN access

## Reset your VPN password

If you forgot your VPN password, open the VPN portal, choose Reset password,
and follow the link we email you. The link works for one hour. After the
reset, sign in to the VPN client again with the new password.

## Install the VPN client

Download the VPN client from the software portal and sign in with your work
account. The client starts with your computer.
`,
  },
  {
    id: 'bench/billing.md',
    title: 'Billing',
    markdown: `# Billing

## Change your plan

Owners change the plan under Settings, Billing. A new plan starts at once and
the next invoice is prorated.

## Invoices

Invoices are emailed on the first day of each month and kept under Settings,
Invoices for seven years.
`,
  },
] as const;

/** Web chat questions, used in turn (the Slack mentions ask "how do I reset my VPN password?"). */
export const WEB_QUESTIONS = [
  'How do I reset my VPN password?',
  'I forgot my VPN password, how can I reset it?',
  'where do I reset the VPN password',
] as const;

/** The fake model's reply: JSON as the structured-output schema asks, citing the VPN passage. */
export const GROUNDED_REPLY: ChatReply = {
  json: {
    answer: 'Open the VPN portal, choose Reset password and follow the link we email you; it works for one hour [P1].',
    citations: ['P1'],
    assessment: 'answered',
  },
};
