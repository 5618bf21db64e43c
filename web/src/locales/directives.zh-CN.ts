// Command centre — directives.
export const directivesMenuZh = {}
export const directivesEnumsZh = {}
export const directivesZh = {}
