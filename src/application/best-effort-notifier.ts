import type { AnsweringDependencies, StaffNotifier } from './ports';

/**
 * Staff told of reviews when that is possible and never at the answer's
 * expense: the review is stored and shown in the console, so an outage of
 * the notifier (Slack) is only logged. No notifier: nobody to tell.
 */
export function bestEffortNotifier(notifier: StaffNotifier | null, log: AnsweringDependencies['log']): StaffNotifier {
  return {
    async reviewRequested(review, draft) {
      if (!notifier) return;
      await notifier.reviewRequested(review, draft).catch((error: unknown) => log('review-notify-failed', { reviewId: review.id, error: (error as Error)?.name }));
    },
  };
}
