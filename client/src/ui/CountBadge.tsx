/** A number in a pill; screen readers hear ", 3 unread" as part of the link or heading it sits in. */
export const CountBadge = ({ count, label = 'unread' }: { count: number; label?: string }) => (
  <>
    <span className="count-badge" aria-hidden="true">
      {count}
    </span>
    <span className="visually-hidden">
      , {count} {label}
    </span>
  </>
);
