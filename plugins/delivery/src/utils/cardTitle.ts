/** Card titles are level-2 headings, so the tab reads (and is navigated) as an outline. */
export const CARD_TITLE_PROPS = { component: 'h2', variant: 'h5' } as const;
