import { Hono } from 'hono';
import { SlackConfigError } from '../adapters/slack/slack-config';
import { wiringFor } from '../wiring/wiring';
import type { AppEnv } from './app-env';
import { consoleRoutes } from './console';
import { handleError } from './errors';
import { adminAnswerRoutes } from './routes/admin-answer';
import { adminAuditRoutes } from './routes/admin-audit';
import { adminCalibrationRoutes } from './routes/admin-calibration';
import { adminChannelRoutes } from './routes/admin-channels';
import { adminMetricsRoutes } from './routes/admin-metrics';
import { adminReviewsApi } from './routes/admin-reviews-api';
import { adminDocumentRoutes } from './routes/admin-documents';
import { adminSearchRoutes } from './routes/admin-search';
import { adminSourceRoutes } from './routes/admin-sources';
import { adminTrainingRoutes } from './routes/admin-training';
import { adminVerifiedAnswerRoutes } from './routes/admin-verified-answers';
import { slackRoutes } from './routes/slack';
import { kbRoutes } from './routes/kb';
import { webRoutes } from './routes/web';

export const app = new Hono<AppEnv>();

app.use(async (c, next) => {
  const wiring = wiringFor(c.env);
  c.set('config', wiring.config);
  c.set('wiring', wiring);
  c.set('slack', null);
  c.set('slackConfigError', null);
  try {
    c.set('slack', wiring.slack);
  } catch (error) {
    // A Slack misconfiguration must not take the rest of the Worker down with it.
    if (!(error instanceof SlackConfigError)) throw error;
    c.set('slackConfigError', error.message);
  }
  await next();
});

app.get('/healthz', (c) => c.json({ ok: true, service: 'countersign' }));
app.route('/admin/documents', adminDocumentRoutes);
app.route('/admin/search', adminSearchRoutes);
app.route('/admin/sources', adminSourceRoutes);
app.route('/admin/answer', adminAnswerRoutes);
app.route('/admin/training-examples', adminTrainingRoutes);
app.route('/admin/audit-log', adminAuditRoutes);
app.route('/admin/channels', adminChannelRoutes);
app.route('/admin/api/calibration', adminCalibrationRoutes);
app.route('/admin/api', adminMetricsRoutes);
app.route('/admin/api/reviews', adminReviewsApi);
app.route('/admin/verified-answers', adminVerifiedAnswerRoutes);
app.route('/slack', slackRoutes);
app.route('/web', webRoutes);
app.route('/kb', kbRoutes);
// After every /admin API route: the console serves only the paths it names.
app.route('/admin', consoleRoutes);

app.notFound((c) => c.json({ error: { code: 'not_found', message: 'No such endpoint.' } }, 404));
app.onError(handleError);
