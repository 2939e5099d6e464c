// Kakehashi: an action that mails people or cannot be undone asks first. A submit button (or its
// form) carries the question in the reader's language as `data-confirm`; the action goes ahead
// only when the person says yes. Served from our own origin, so the pages' script policy
// ('self' only) holds.
document.addEventListener('submit', (event) => {
  const question = event.submitter?.dataset.confirm ?? event.target.dataset?.confirm;
  if (question && !window.confirm(question)) event.preventDefault();
});
