import type { InjectionKey } from 'vue';
import type { FormError } from '../../../common/forms/types';

/** What every field of one rendered form shares (provided by FormRenderer). */
export interface RendererContext {
  idPrefix: string;
  locale: () => string;
  hidden: () => Set<string>;
  /** Errors visible now (touched fields, or all after a submit attempt). */
  errors: () => FormError[];
  /** Process data readable by conditions and read-only fields. */
  context: () => Record<string, unknown>;
  now: Date;
  update: (path: string, value: unknown) => void;
  touch: (path: string) => void;
  readonly: boolean;
}

export const RENDERER: InjectionKey<RendererContext> = Symbol('form-renderer');
