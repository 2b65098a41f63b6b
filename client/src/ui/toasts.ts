export interface Toast {
  id: number;
  message: string;
  /** Where "View" goes, if anywhere. */
  href?: string;
  tone: 'info' | 'success' | 'error';
}

type Listener = () => void;

const VISIBLE_MS = 7000;
const MAX_VISIBLE = 4;

/** Short notices ("Morgan approved milestone 2"), shown for a few seconds. */
export class ToastStore {
  private toasts: readonly Toast[] = [];
  private readonly listeners = new Set<Listener>();
  private nextId = 1;

  getSnapshot = (): readonly Toast[] => this.toasts;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  show(toast: Omit<Toast, 'id' | 'tone'> & { tone?: Toast['tone'] }): number {
    const id = this.nextId++;
    const next: Toast = { tone: 'info', ...toast, id };
    this.toasts = [...this.toasts, next].slice(-MAX_VISIBLE);
    this.emit();
    setTimeout(() => this.dismiss(id), VISIBLE_MS);
    return id;
  }

  dismiss(id: number): void {
    const next = this.toasts.filter((toast) => toast.id !== id);
    if (next.length === this.toasts.length) return;
    this.toasts = next;
    this.emit();
  }

  private emit(): void {
    this.listeners.forEach((listener) => listener());
  }
}

export const toasts = new ToastStore();
