// ESLint's settings for the browser code (plugins/inside_track/outputs/assets/js/) and
// its unit tests (tests/js/): the recommended rules, plus what the build's join relies on.
import js from "@eslint/js";
import globals from "globals";

export default [
  js.configs.recommended,
  {
    files: ["plugins/inside_track/outputs/assets/js/**/*.js"],
    languageOptions: {ecmaVersion: 2020, sourceType: "module", globals: globals.browser},
    rules: {
      // The build joins the modules into one script: a name is the same in every module.
      // (outputs/browser.py refuses what it cannot join; these say so while editing)
      "no-restricted-syntax": ["error",
        {selector: "ImportDefaultSpecifier, ImportNamespaceSpecifier, ExportDefaultDeclaration," +
          " ExportAllDeclaration, ImportSpecifier[local.name!=/^$/] > Identifier ~ Identifier",
         message: "The build joins the modules: use named imports and exports, not renamed."}],
      "no-var": "off",
      "eqeqeq": "error",
      "no-shadow": "error",
      "no-unused-vars": ["error", {caughtErrors: "none"}]
    }
  },
  {
    files: ["tests/js/**/*.js", "eslint.config.js"],
    languageOptions: {sourceType: "module", globals: globals.node}
  }
];
