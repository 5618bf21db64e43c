// Command centre — directives.
export const directivesMenuEn = {}
export const directivesEnumsEn = {}
export const directivesEn = {}
