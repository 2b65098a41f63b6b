import './DiffLines.css';

export interface DiffLineView {
  kind: 'ADDED' | 'REMOVED' | 'UNCHANGED';
  text: string;
}

const MARK = { ADDED: '+', REMOVED: '−', UNCHANGED: ' ' } as const;
const SPOKEN = { ADDED: 'Added: ', REMOVED: 'Removed: ', UNCHANGED: '' } as const;

/**
 * Lines of a diff: added ones marked + on green, removed ones − and struck through on red. Screen
 * readers hear "Added:" and "Removed:" instead of the colors.
 */
export const DiffLines = ({ lines, label }: { lines: readonly DiffLineView[]; label: string }) => (
  <pre className="instructions-diff__lines" role="group" aria-label={label} tabIndex={0}>
    {lines.map((line, index) => (
      <span key={index} className={`diff-line diff-line--${line.kind.toLowerCase()}`}>
        <span aria-hidden="true">{MARK[line.kind]} </span>
        {SPOKEN[line.kind] && <span className="visually-hidden">{SPOKEN[line.kind]}</span>}
        {line.text}
        {'\n'}
      </span>
    ))}
  </pre>
);
