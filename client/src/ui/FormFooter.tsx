/** A form's refusal message (announced) and its Submit / Cancel buttons, disabled while saving. */
export const FormFooter = ({
  problem,
  loading,
  submitLabel,
  busyLabel,
  onCancel,
}: {
  problem: string | null | undefined;
  loading: boolean;
  submitLabel: string;
  busyLabel: string;
  onCancel: () => void;
}) => (
  <>
    {problem && (
      <p className="form-error" role="alert">
        {problem}
      </p>
    )}
    <div className="form-actions">
      <button type="submit" className="button button--primary" disabled={loading}>
        {loading ? busyLabel : submitLabel}
      </button>
      <button type="button" className="button button--quiet" onClick={onCancel} disabled={loading}>
        Cancel
      </button>
    </div>
  </>
);
