/**
 * Words that carry no topic in a chat question. Dropping them keeps BM25 from
 * ranking passages by how often they say "is", "there" or "how".
 */
export const STOP_WORDS = new Set(
  `a about above after again against all am an and any are aren't as at be because been before being below between both
  but by can can't cannot could couldn't did didn't do does doesn't doing don't down during each few for from further
  get gets got had hadn't has hasn't have haven't having he her here hers herself him himself his how i i'm if in into
  is isn't it it's its itself just let's me more most my myself no nor not of off on once only or other ought our ours
  ourselves out over own please same she should shouldn't so some such than that that's the their theirs them
  themselves then there there's these they this those through to too under until up very was wasn't we were weren't
  what what's when where which while who whom why will with won't would wouldn't you your yours yourself yourselves
  hi hey hello thanks thank anyone someone anybody tell know need want wondering quick question also really actually
  im ive id youre dont doesnt cant wont isnt arent whats hows wheres u ur pls plz thx ok okay yeah yes`.split(/\s+/),
);
