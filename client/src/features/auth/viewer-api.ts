import type { DocumentNode } from 'graphql';

import { isPersistedQueryMiss, persistedQueryExtension, trustedDocumentsEnabled } from '../../app/trusted-document-hash';
import { SignInDocument, ViewerDocument } from '../../gql/graphql';

export interface Viewer {
  id: string;
  name: string;
  email: string;
  role: string;
}

export interface SignInResult {
  token: string;
  viewer: Viewer;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; message: string; code?: string };

interface GraphQLResponse<TData> {
  data?: TData | null;
  errors?: ReadonlyArray<{ message: string; extensions?: { code?: string } }>;
}

export const UNAUTHENTICATED = 'UNAUTHENTICATED';

const GRAPHQL_ENDPOINT = '/graphql';

const SIGN_IN_MUTATION = /* GraphQL */ `
  mutation SignIn($input: SignInInput!) {
    signIn(input: $input) {
      token
      viewer {
        id
        name
        email
        role
      }
    }
  }
`;

const VIEWER_QUERY = /* GraphQL */ `
  query Viewer {
    viewer {
      id
      name
      email
      role
    }
  }
`;

/**
 * `document` is what codegen generated from the text (the same operation), for its trusted-document
 * hash: built with VITE_TRUSTED_DOCUMENTS the hash goes first, and the text only if the server
 * does not know it.
 */
const postGraphQL = async <TData>(
  body: { query: string; operationName: string; variables?: Record<string, unknown> },
  document: DocumentNode,
  token?: string,
): Promise<ApiResult<TData>> => {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;

  const send = async (json: Record<string, unknown>) => {
    const response = await fetch(GRAPHQL_ENDPOINT, {
      method: 'POST',
      headers,
      body: JSON.stringify(json),
    });
    return (await response.json()) as GraphQLResponse<TData>;
  };

  let payload: GraphQLResponse<TData>;
  try {
    const { query, ...rest } = body;
    payload = trustedDocumentsEnabled ? await send({ ...rest, extensions: persistedQueryExtension(document) }) : await send(body);
    if (trustedDocumentsEnabled && isPersistedQueryMiss(payload.errors?.[0]?.extensions?.code)) {
      payload = await send({ ...rest, query });
    }
  } catch {
    return { ok: false, message: 'Could not reach the Workroom API.' };
  }

  const firstError = payload.errors?.[0];
  if (firstError) {
    return { ok: false, message: firstError.message, code: firstError.extensions?.code };
  }
  if (!payload.data) return { ok: false, message: 'The API returned no data.' };
  return { ok: true, value: payload.data };
};

export const signIn = async (email: string, password: string): Promise<ApiResult<SignInResult>> => {
  const result = await postGraphQL<{ signIn: SignInResult }>(
    { query: SIGN_IN_MUTATION, operationName: 'SignIn', variables: { input: { email, password } } },
    SignInDocument,
  );
  return result.ok ? { ok: true, value: result.value.signIn } : result;
};

export const fetchViewer = async (token: string): Promise<ApiResult<Viewer>> => {
  const result = await postGraphQL<{ viewer: Viewer | null }>({ query: VIEWER_QUERY, operationName: 'Viewer' }, ViewerDocument, token);
  if (!result.ok) return result;
  if (!result.value.viewer) return { ok: false, message: 'This token does not identify a user.' };
  return { ok: true, value: result.value.viewer };
};
