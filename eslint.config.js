// ESLint for the app, the jobs, the scripts, the tests and the Studio. Formatting is Prettier's
// (eslint-config-prettier turns off the rules it owns); what is here are the house rules that a
// reviewer would otherwise have to remember (docs/architecture.md explains each).
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import tseslint from "typescript-eslint";

/** Folders of app/ whose modules are the domain: they know nothing of Remix or of a request. */
const DOMAIN_FOLDERS = [
  "analytics",
  "audit",
  "audience",
  "broadcasts",
  "content",
  "db",
  "i18n",
  "lib",
  "messaging",
  "outbox",
  "sharing",
  "volunteers",
];

/** Logger methods whose error fields must be the output of errorFacts (drizzle's errors carry query parameters). */
const LOG_METHOD = "/^(fatal|error|warn|info|debug|trace)$/";

export default tseslint.config(
  {
    ignores: [
      "build/**",
      "public/build/**",
      "node_modules/**",
      "studio/node_modules/**",
      "studio/dist/**",
      "studio/.sanity/**",
      "data/**",
      "drizzle/**",
      "tests/e2e/out/**",
      "coverage/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: "module",
      globals: { process: "readonly", console: "readonly", URL: "readonly", fetch: "readonly" },
    },
    plugins: { "import-x": importX },
    settings: {
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: ["tsconfig.json", "studio/tsconfig.json"] })],
    },
    rules: {
      // The compiler checks these better (undefined names, unused with the `_` convention).
      "no-undef": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      // `any` needs a comment saying why; the disable comment is that place.
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      "import-x/no-self-import": "error",
      "no-restricted-syntax": [
        "error",
        {
          selector: `CallExpression[callee.property.name=${LOG_METHOD}] > ObjectExpression > Property[key.name=/^(err|error)$/][value.type='Identifier'][value.name!=/[Ff]acts$/]`,
          message: "Log an error through errorFacts() (app/lib/log-error.server.ts): a raw error can carry query parameters.",
        },
        {
          selector: `CallExpression[callee.property.name=${LOG_METHOD}] > ObjectExpression > Property[shorthand=true][key.name=/^(err|error)$/]`,
          message: "Log an error through errorFacts() (app/lib/log-error.server.ts): a raw error can carry query parameters.",
        },
        {
          selector: `CallExpression[callee.object.name='console'][callee.property.name=/^(error|warn)$/] > Identifier[name=/^(err|error|e)$/]`,
          message: "Print an error's safe facts (describeErrorFacts/errorFacts), not the error: it can carry query parameters.",
        },
      ],
    },
  },
  {
    // Configuration is read and validated in one place.
    files: ["app/**/*.{ts,tsx}", "jobs/**/*.ts", "server/**/*.ts", "server.ts", "scripts/**/*.ts"],
    ignores: ["app/env.server.ts"],
    rules: {
      "no-restricted-properties": [
        "error",
        {
          object: "process",
          property: "env",
          message: "Read configuration through app/env.server.ts (parseEnv), the one place it is validated.",
        },
      ],
    },
  },
  {
    // Domain modules take what they need; the web layer adapts.
    files: DOMAIN_FOLDERS.map((folder) => `app/${folder}/**/*.{ts,tsx}`),
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@remix-run/*"], message: "Domain modules know nothing of Remix: take plain values, return plain values." },
            { group: ["~/context.server", "**/context.server"], message: "Domain modules take what they need, not the load context." },
            { group: ["~/routes/*", "~/staff/*", "~/dev-phone/*", "~/components/*"], message: "The domain does not import the web layer." },
          ],
        },
      ],
    },
  },
  {
    files: ["tests/**/*.ts", "tests/**/*.tsx"],
    rules: {
      // Tests build odd values on purpose (forged payloads, partial fakes).
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
  {
    files: ["**/*.cjs", "remix.config.js"],
    languageOptions: { sourceType: "commonjs", globals: { module: "writable", require: "readonly", __dirname: "readonly" } },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  prettier,
);
