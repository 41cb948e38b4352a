export interface Config {
  delivery?: {
    /** The portal's permission policy (packages/backend/src/permissionPolicy.ts). */
    permissions?: {
      /**
       * Entity ref of the group whose members may register catalog locations, create entities
       * and refresh Templates, e.g. `group:default/platform-admins`. Without it no user may.
       */
      adminGroup?: string;
    };
    catalog?: {
      /**
       * Lets the catalog API register `file` locations, which the Go service template's local
       * publisher needs. Whoever may register locations can then make the catalog read files of
       * the backend's machine: development and demo portals only.
       * @default false
       */
      allowFileLocations?: boolean;
    };
  };
}
