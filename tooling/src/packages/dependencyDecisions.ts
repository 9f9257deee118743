/**
 * Why each library the published packages need at run time is a `dependency` or a `peerDependency`,
 * and which of them may appear in a package's `.d.ts`. The README's "Dependencies and peers"
 * section is written from this list; `tests/packages/packedArtifacts.test.ts` holds the packed
 * package.json files and declarations to it.
 *
 * The rule: a library whose values a host hands into the kit (a `postgres.Sql`, a
 * `SupabaseClient`, React elements) must be the host's own copy, so it is a peer with a range. A
 * library the kit uses inside, or whose values only come out of the kit, is a dependency: npm
 * installs the kit's own copy, and the host's compiler reads its types from there.
 */
import { builtinModules } from 'node:module';
import { packageOf } from './packedImports.ts';

export interface DependencyDecision {
  as: 'dependency' | 'peer';
  /**
   * For a dependency: whether its types may appear in the packed `.d.ts`. Only where a host gets
   * its values out of the kit and never hands one in; a type a host must produce makes it a peer.
   */
  typesInDeclarations?: boolean;
  /** The reason, as the README gives it. */
  reason: string;
}

export const DEPENDENCY_DECISIONS: Record<string, DependencyDecision> = {
  zod: {
    as: 'dependency',
    typesInDeclarations: true,
    reason:
      "`@talk-track/core` exports its schemas (`deckSchema`, `createJobRequestSchema`, …), and the server's worker types name one: a host may call `.parse` on them or `z.infer` their types, which works with the kit's own zod whatever zod (if any) the host has. Nothing in the API takes a zod schema or value in.",
  },
  zustand: {
    as: 'dependency',
    typesInDeclarations: true,
    reason:
      "The client's vanilla store. `TalkTrackClient.store` comes out as zustand's `StoreApi`; the `storage` option is typed as zustand's `StateStorage`, an interface of three functions (`getItem`, `setItem`, `removeItem`) that `localStorage`, `sessionStorage` or a plain object satisfies, so a host never needs zustand to produce it.",
  },
  openai: {
    as: 'dependency',
    typesInDeclarations: false,
    reason:
      "The worker makes its own client from the configuration (key, base URL, model); no `openai` type is in the public declarations, so the host's own `openai`, if any, never meets the kit's.",
  },
  postgres: {
    as: 'peer',
    reason:
      "`createPostgresJobStore(sql)` takes the host's `postgres.Sql`, and postgres 4 changed that type: the host's copy must be the one the kit types against. Optional: a host on `createSupabaseJobStore` needs none. Range `^3.4.9 || ^4.0.0`.",
  },
  '@supabase/supabase-js': {
    as: 'peer',
    reason:
      "`createSupabaseJobStore(client)` takes the host's `SupabaseClient`. Optional: a host on the postgres store needs none.",
  },
  react: {
    as: 'peer',
    reason:
      "Components and hooks must run on the host's one React (two copies break hooks). Range `^18.2.0 || ^19.0.0`.",
  },
  sonner: {
    as: 'peer',
    reason:
      "The kit's notifications call sonner's `toast()`, and the host renders sonner's `<Toaster />`: they meet only through sonner's module-level state, so both must be the host's one copy (with two, the toasts never show). No sonner type is in the declarations.",
  },
};

/**
 * Entries that run only under Node, whose declarations may name Node's builtins (`node:fs`,
 * `/// <reference types="node" />`). None today: the route handlers and the worker run on any
 * Fetch-API runtime and Deno, the client in browsers; the one Node-only file, the `talk-track`
 * bin, ships no declarations.
 */
export const NODE_ONLY_ENTRIES: readonly string[] = [];

const NODE_BUILTINS = new Set(builtinModules);
const isNodeBuiltin = (specifier: string) =>
  specifier.startsWith('node:') || NODE_BUILTINS.has(packageOf(specifier)) || specifier === 'node';

export interface DeclaringManifest {
  name: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/**
 * Why `specifier`, named by a declaration file of the package `manifest` describes, is not allowed
 * there; `null` when it is. `nodeOnly`: every entry that reaches the file is in `NODE_ONLY_ENTRIES`.
 */
export function typeReferenceProblem(manifest: DeclaringManifest, specifier: string, nodeOnly: boolean): string | null {
  const pkg = packageOf(specifier);
  if (pkg === manifest.name) return null;
  if (manifest.peerDependencies?.[pkg]) return null;
  const dependency = manifest.dependencies?.[pkg];
  if (dependency && pkg.startsWith('@talk-track/')) return null;
  if (isNodeBuiltin(specifier))
    return nodeOnly ? null : `${specifier} is a Node builtin in declarations an entry that is not Node-only reaches`;
  if (!dependency) return `${pkg} is neither a peer nor a dependency`;
  if (!DEPENDENCY_DECISIONS[pkg]?.typesInDeclarations) {
    return `${pkg} is a regular dependency: a host can hand its values in, so make it a peer, or add it to DEPENDENCY_DECISIONS with the reason a host never does`;
  }
  return null;
}
