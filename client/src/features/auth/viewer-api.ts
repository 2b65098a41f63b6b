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

const postGraphQL = async <TData>(
  body: { query: string; operationName: string; variables?: Record<string, unknown> },
  token?: string,
): Promise<ApiResult<TData>> => {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;

  let payload: GraphQLResponse<TData>;
  try {
    const response = await fetch(GRAPHQL_ENDPOINT, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
    });
    payload = (await response.json()) as GraphQLResponse<TData>;
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
  const result = await postGraphQL<{ signIn: SignInResult }>({
    query: SIGN_IN_MUTATION,
    operationName: 'SignIn',
    variables: { input: { email, password } },
  });
  return result.ok ? { ok: true, value: result.value.signIn } : result;
};

export const fetchViewer = async (token: string): Promise<ApiResult<Viewer>> => {
  const result = await postGraphQL<{ viewer: Viewer | null }>(
    { query: VIEWER_QUERY, operationName: 'Viewer' },
    token,
  );
  if (!result.ok) return result;
  if (!result.value.viewer) return { ok: false, message: 'This token does not identify a user.' };
  return { ok: true, value: result.value.viewer };
};
