export { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_SIGN_INS, type DemoSignIn } from './demo-accounts';
export { readToken, readViewer } from './token-storage';
export { sessionToken, useAuthSession, type AuthSession, type AuthSessionControls } from './use-auth-session';
export type { Viewer } from './viewer-api';
