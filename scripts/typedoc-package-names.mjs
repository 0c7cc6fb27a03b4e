/** TypeDoc plugin: names each entry module by the import a user writes (`@jwt-guard/core/adapter`). */
import { Converter, ReflectionKind } from 'typedoc';

// `src/name.ts`, a folder's `src/name/index.ts`, `src/dpop/server.ts` (the server-side half of
// a folder the token client also uses) and `src/store-entry.ts` (an entry that gathers more than
// its folder) are each the entry `@jwt-guard/pkg/name`.
const entry = /packages\/([a-z-]+)\/src\/(index|[a-z-]+?)(?:\/index|\/server|-entry)?\.ts$/;

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
    if (!reflection.kindOf(ReflectionKind.Module)) return;
    const file = context.getSymbolFromReflection(reflection)?.declarations?.[0]?.getSourceFile();
    const match = file && entry.exec(file.fileName.replaceAll('\\', '/'));
    if (!match) return;
    const [, pkg, name] = match;
    reflection.name = name === 'index' ? `@jwt-guard/${pkg}` : `@jwt-guard/${pkg}/${name}`;
  });
}
