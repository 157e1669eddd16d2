/**
 * Turns periodic "is the network up?" samples into "it just came back" events. Electron's main
 * process has no online event, so the shell polls net.isOnline() and feeds the answers here.
 */
export function createOnlineTracker(initiallyOnline: boolean): (online: boolean) => boolean {
  let last = initiallyOnline;
  return (online) => {
    const cameBack = online && !last;
    last = online;
    return cameBack;
  };
}
