/** Must equal `appId` in electron-builder.yml: Windows ties notifications and the taskbar to it. */
export const APP_ID = 'dev.quotabar.app';
export const PRODUCT_NAME = 'QuotaBar';
