import { useApolloClient } from '@apollo/client/react';
import { useRef, type MouseEvent } from 'react';
import { Link } from 'react-router';

import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { formatDate } from '../../ui/format';
import { StatusBadge } from '../../ui/StatusBadge';

export const InvoiceRow_invoice = graphql(`
  fragment InvoiceRow_invoice on Invoice {
    id
    number
    status
    issuedAt
    paidAt
    downloadUrl
    gross {
      formatted
    }
    fee {
      formatted
    }
    net {
      formatted
    }
    contract {
      id
      title
    }
    milestone {
      id
      number
      title
    }
    payout {
      id
      status
    }
  }
`);

const InvoiceDownloadUrlQuery = graphql(`
  query InvoiceDownloadUrl($id: ID!) {
    node(id: $id) {
      __typename
      id
      ... on Invoice {
        downloadUrl
      }
    }
  }
`);

/** Download links are signed for 15 minutes; an older one is fetched again on click. */
const LINK_FRESH_MS = 10 * 60 * 1000;

export const InvoiceRow = (props: { invoice: FragmentType<typeof InvoiceRow_invoice> }) => {
  const invoice = getFragmentData(InvoiceRow_invoice, props.invoice);
  const client = useApolloClient();
  // eslint-disable-next-line react-hooks/purity -- when the download link was first seen, kept in a ref, not rendered
  const seen = useRef({ url: invoice.downloadUrl, at: Date.now() });
  // eslint-disable-next-line react-hooks/refs, react-hooks/purity -- a new link restarts its freshness clock; nothing rendered depends on it
  if (seen.current.url !== invoice.downloadUrl) seen.current = { url: invoice.downloadUrl, at: Date.now() };

  const download = (event: MouseEvent<HTMLAnchorElement>) => {
    // eslint-disable-next-line react-hooks/purity -- read in the click handler, not during render (the compiler cannot tell)
    if (Date.now() - seen.current.at < LINK_FRESH_MS) return;
    event.preventDefault();
    const tab = window.open('', '_blank');
    client
      .query({ query: InvoiceDownloadUrlQuery, variables: { id: invoice.id }, fetchPolicy: 'network-only' })
      .then(({ data }) => {
        const url = data?.node?.__typename === 'Invoice' ? data.node.downloadUrl : null;
        if (!url) throw new Error('No download link');
        if (tab) tab.location.href = url;
        else window.location.assign(url);
      })
      .catch(() => tab?.close());
  };

  return (
    <tr>
      <th scope="row">
        <span className="invoice__number">{invoice.number}</span>
        <span className="invoice__what">
          <Link to={`/jobs/${invoice.contract.id}/contract`}>{invoice.contract.title}</Link>
          {invoice.milestone && ` · Milestone ${invoice.milestone.number}: ${invoice.milestone.title}`}
        </span>
      </th>
      <td data-label="Issued">{formatDate(invoice.issuedAt)}</td>
      <td data-label="Status">
        <StatusBadge status={invoice.status} />
        {invoice.payout && invoice.status === 'ISSUED' && <span className="invoice__payout"> in payout ({invoice.payout.status.toLowerCase()})</span>}
      </td>
      <td data-label="Gross" className="num">
        {invoice.gross.formatted}
      </td>
      <td data-label="Fee" className="num">
        −{invoice.fee.formatted}
      </td>
      <td data-label="Net" className="num">
        <strong>{invoice.net.formatted}</strong>
      </td>
      <td data-label="Invoice">
        <a href={invoice.downloadUrl} target="_blank" rel="noreferrer" onClick={download}>
          Download<span className="visually-hidden"> invoice {invoice.number}</span>
        </a>
      </td>
    </tr>
  );
};
