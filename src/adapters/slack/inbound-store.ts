// Moved to adapters/d1 (SQL lives there); kept so imports from the Slack adapter still resolve.
export { SlackInboundStore } from '../d1/d1-inbound-store';
