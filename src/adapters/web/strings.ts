/** What the customer reads from the server side (the widget's own strings are in public/widget.js). */
export const WEB_STRINGS = {
  holding: {
    review: "Thanks for your question! A teammate is checking the answer before it's sent. You'll see the reply here.",
    handoff: "I couldn't find this in our help articles, so I've passed it to a teammate. You'll see their reply here.",
    failed: "Sorry, something went wrong on our side. A teammate has your question and will reply here.",
  },
} as const;
