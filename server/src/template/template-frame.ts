// nunjucks' Frame, reproduced so templates scope names exactly as they did under nunjucks 3.2: a `for` body
// pushes a frame that `set` writes through to the nearest frame already holding the name, a `{% call %}` body
// pushes one that keeps its writes, and a macro starts a fresh frame that sees only its arguments and the
// render context. Only the root frame is top level, where `set` also updates the context macros read.
import type { TemplateValue } from './template-values';

/** nunjucks' Frame: a scope; `for` bodies push one that writes through, macros start a fresh one. */
export class Frame {
  private readonly vars = new Map<string, TemplateValue>();
  constructor(
    readonly parent: Frame | undefined,
    private readonly isolateWrites = false,
    readonly topLevel = false,
  ) {}

  /** `resolveUp` assigns to the nearest enclosing frame that already has the name (nunjucks' `set`). */
  set(name: string, value: TemplateValue, resolveUp = false): void {
    if (resolveUp) {
      const owner = this.resolve(name, true);
      if (owner) {
        owner.vars.set(name, value);
        return;
      }
    }
    this.vars.set(name, value);
  }

  lookup(name: string): TemplateValue {
    for (let f: Frame | undefined = this; f; f = f.parent) {
      const v = f.vars.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  private resolve(name: string, forWrite: boolean): Frame | undefined {
    if (this.vars.get(name) !== undefined) return this;
    const p = forWrite && this.isolateWrites ? undefined : this.parent;
    return p?.resolve(name, false);
  }

  push(isolateWrites = false): Frame {
    return new Frame(this, isolateWrites);
  }
}
