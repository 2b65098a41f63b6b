import { GraphiQL } from 'graphiql';
import { useMemo } from 'react';

import { sessionToken, useAuthSession } from '../features/auth';
import { AuthBar } from './AuthBar';
import { createWorkroomFetcher } from './create-fetcher';
import { DASHBOARD_QUERY } from './default-query';

export const WorkroomIde = () => {
  const auth = useAuthSession();
  const token = sessionToken(auth.session);
  const fetcher = useMemo(() => createWorkroomFetcher(token), [token]);

  return (
    <div className="ide-layout">
      <AuthBar {...auth} />
      <main className="ide-layout__graphiql">
        <GraphiQL fetcher={fetcher} defaultQuery={DASHBOARD_QUERY}>
          <GraphiQL.Logo>Workroom</GraphiQL.Logo>
        </GraphiQL>
      </main>
    </div>
  );
};
