/**
 * The tray icon of a workstation that keeps running with its window closed: open the window,
 * toggle "keep running in the tray" (persisted), quit (stops the runtime cleanly).
 */
import { Menu, Tray, nativeImage } from 'electron';

export interface TrayActions {
  open(): void;
  quit(): void;
  keepRunning(): boolean;
  setKeepRunning(value: boolean): void;
  /** Team lakes: take partition runs from the team queue (persisted; applies by reopening the lake's runtime). */
  teamWorker(): boolean;
  setTeamWorker(value: boolean): void;
  status(): string;
}

export function createTray(iconPath: string, actions: TrayActions): { tray: Tray; refresh(): void } {
  const image = nativeImage.createFromPath(iconPath);
  const tray = new Tray(image.isEmpty() ? image : image.resize({ width: 16, height: 16 }));
  tray.setToolTip('Fintech Data Engine');
  const refresh = () => {
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: actions.status(), enabled: false },
        { type: 'separator' },
        { label: 'Open Fintech Data Engine', click: actions.open },
        {
          label: 'Keep running in the tray',
          type: 'checkbox',
          checked: actions.keepRunning(),
          click: (item) => {
            actions.setKeepRunning(item.checked);
            refresh();
          },
        },
        {
          label: 'Take team partition runs (team lakes)',
          type: 'checkbox',
          checked: actions.teamWorker(),
          click: (item) => {
            actions.setTeamWorker(item.checked);
            refresh();
          },
        },
        { type: 'separator' },
        { label: 'Quit (stops schedules and runs)', click: actions.quit },
      ]),
    );
  };
  tray.on('click', actions.open);
  refresh();
  return { tray, refresh };
}
