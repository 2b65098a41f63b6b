import { useSyncExternalStore } from 'react';

/**
 * The note the employer is writing to go with approving a milestone, by milestone id. The
 * textbox lives with the submission under review (MilestoneSubmission) and the Approve button
 * with the other actions; this small store joins them, and `useApproveMilestone` sends the note.
 */
const notes = new Map<string, string>();
const listeners = new Set<() => void>();

const emit = () => listeners.forEach((listener) => listener());
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
};

export const approvalNoteOf = (milestoneId: string): string => notes.get(milestoneId) ?? '';

export const setApprovalNote = (milestoneId: string, note: string): void => {
  if (note) notes.set(milestoneId, note);
  else notes.delete(milestoneId);
  emit();
};

export const useApprovalNote = (milestoneId: string): [string, (note: string) => void] => [
  useSyncExternalStore(subscribe, () => approvalNoteOf(milestoneId)),
  (note: string) => setApprovalNote(milestoneId, note),
];
