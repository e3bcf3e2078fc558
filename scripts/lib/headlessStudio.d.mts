import type { Browser, Download, Locator, Page } from 'playwright-core';

export const CHROMIUM_ARGS: string[];
export function serveStudio(port: number): Promise<{ url: string; close: () => Promise<void> }>;
export function findChromium(): string;
export function openStudioPage(url: string): Promise<{ browser: Browser; page: Page }>;
export function goToPage(page: Page, name: string): Promise<void>;
export function downloadFrom(locator: Locator, timeout?: number): Promise<Download>;
