/**
 * The page sizes of the lists a page asks for first, in one place: the screens send them as their
 * queries' variables, and `index.html` sends the same variables ahead of the scripts on a
 * returning visit (first-page.ts), so the two requests are the same one.
 */
/** One page size for every query of `viewer.activeContracts`, so they share one cached list. */
export const ACTIVE_CONTRACTS_PAGE = 20;
/** One page size for every query of `viewer.conversations`, so they share one cached list. */
export const CONVERSATIONS_PAGE = 50;
/** Contract.channels is read with this page size everywhere, so the queries share one list. */
export const CONTRACT_CHANNELS_PAGE = 20;
/** A thread's newest page; older pages are fetched with `before` as the reader scrolls up. */
export const THREAD_PAGE = 30;
