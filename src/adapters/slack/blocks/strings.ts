/**
 * Every user-facing string the Slack renderers show, in one place so it can be
 * translated. Templates receive values that are already escaped mrkdwn (or
 * Slack mentions we built), so they must not escape again; the strings
 * themselves contain no `&`, `<` or `>`, which would need escaping in mrkdwn.
 */
export const STRINGS = {
  answer: {
    helpful: 'Helpful',
    notHelpful: 'Not helpful',
    sources: '*Sources:*',
    moreSources: (count: number) => `+${count} more`,
    verified: '✔︎ Answer approved by our team',
    /** Above a reply a staff member wrote (the bot posts it, so Slack would show it as the bot's). */
    fromStaff: '_From the support team:_',
  },
  holding: {
    review: "Thanks, a teammate is checking this answer before it's sent. I'll reply here.",
    handoff: "I couldn't find this in our knowledge base, so I've passed your question to the team. Someone will reply here.",
  },
  review: {
    header: 'Review needed',
    handoffHeader: 'Handoff: no answer found',
    sampleHeader: 'Sampled reply (already sent): grade it',
    question: '*Question*',
    askedBy: (who: string, where: string) => `Asked by ${who} in ${where}`,
    /** Why the asker was answered from public documents only. */
    outsider: {
      external: ':globe_with_meridians: *External user* (another organisation, Slack Connect): answered from public documents only',
      guest: ':bust_in_silhouette: *Guest* of the workspace: answered from public documents only',
      'shared-channel': ':link: *Shared channel* (another organisation reads it): answered from public documents only',
    },
    viewMessage: 'View message',
    draft: '*Draft reply*',
    noDraft: '_No draft: nothing relevant was found._',
    confidence: (percent: string) => `*Confidence:* ${percent}`,
    unknownConfidence: 'unknown',
    moreReasons: (count: number) => `…and ${count} more`,
    proposedAction: (tool: string) => `*Proposed action:* ${tool}`,
    unserializable: '(these parameters cannot be shown as JSON)',
    moreActions: (count: number) => `…and ${count} more proposed actions not shown here. Approving runs them all.`,
    actionRule: 'Approve runs every proposed action, once. Edit runs only the ones you tick, once. Reject runs none.',
    approve: 'Approve',
    /** Approve says how many actions it runs: all of them. */
    approveAndRun: (count: number) => `Approve and run ${count} action${count === 1 ? '' : 's'}`,
    approveReuse: 'Approve and reuse',
    edit: 'Edit',
    reject: 'Reject',
    confirmTitle: 'Run the proposed actions?',
    confirmText: (tools: string) => `This will run: ${tools}`,
    confirmApprove: 'Approve and run',
    confirmDeny: 'Cancel',
    /** Slack's date token format: the reader's own time zone and language. */
    dateFormat: '{date_short_pretty} {time}',
  },
  outcome: {
    approved: (actor: string, after: string) => `✅ Approved by ${actor} after ${after}`,
    edited: (actor: string, after: string) => `✏️ Edited and sent by ${actor} after ${after}`,
    rejected: (actor: string, after: string) => `🚫 Rejected by ${actor} after ${after}`,
    expired: (_actor: string, after: string) => `⌛ Expired after ${after} without a decision: the asker got the holding message`,
    sentInstead: '*Sent instead*',
    actionResults: '*Actions*',
  },
  duration: {
    seconds: (seconds: number) => `${seconds} s`,
    minutes: (minutes: number) => `${minutes} min`,
    hours: (hours: number, minutes: number) => (minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`),
    days: (days: number, hours: number) => (hours > 0 ? `${days} d ${hours} h` : `${days} d`),
  },
  modals: {
    editTitle: 'Edit reply',
    editSubmit: 'Send',
    editLabel: 'Reply',
    editHint: 'Sent to the asker in place of the draft. Markdown works.',
    rejectTitle: 'Reject draft',
    rejectSubmit: 'Reject',
    reasonLabel: 'Why is the draft wrong?',
    replyLabel: 'Reply to send instead',
    replyHint: 'Optional. Left empty, the asker is told their question could not be answered here, or, if you tick below, that a member of the team will reply.',
    reasonHint: 'Required. Kept with the decision; the asker does not see it.',
    followUpLabel: 'Follow-up',
    followUpOption: 'A member of the team will reply in this thread',
    followUpDescription: 'Tick only if someone will: the asker is told to expect it.',
    cancel: 'Cancel',
    actionsLabel: 'Actions to run with this reply',
    actionsHint: (count: number, max: number) =>
      count > max ? `None runs unless ticked. Only the first ${max} of ${count} can be chosen here; use the console for the rest.` : 'None runs unless ticked; each ticked action runs once.',
    reuseLabel: 'Reuse',
    reuseOption: 'Reuse this answer for similar questions',
    reuseDescription: 'Refused if the reply holds personal data.',
  },
  reuse: {
    refusedNote: (message: string) => `♻️ ${message}`,
    storedNote: '♻️ Kept for reuse on similar questions (same audience and kind of channel).',
  },
} as const;
