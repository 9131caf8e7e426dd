<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
<context>
    <name>About</name>
    <message>
        <source>development build</source>
        <translation>version de développement</translation>
    </message>
    <message>
        <source>- Name: %1</source>
        <translation>- Nom&#xa0;: %1</translation>
    </message>
    <message>
        <source>- Version: %1</source>
        <translation>- Version&#xa0;: %1</translation>
    </message>
    <message>
        <source>- Default threshold: %1</source>
        <translation>- Seuil par défaut&#xa0;: %1</translation>
    </message>
    <message>
        <source>- Operating point in use: %1</source>
        <translation>- Point de fonctionnement utilisé&#xa0;: %1</translation>
    </message>
    <message>
        <source>model default</source>
        <translation>celui du modèle</translation>
    </message>
    <message>
        <source>- Scope: %1</source>
        <translation>- Domaine d&apos;utilisation&#xa0;: %1</translation>
    </message>
    <message>
        <source>- Classes: %1</source>
        <translation>- Classes&#xa0;: %1</translation>
    </message>
    <message>
        <source>- Running on: %1 (%2), %3 model `%4`</source>
        <translation>- Exécuté sur&#xa0;: %1 (%2), modèle %3 `%4`</translation>
    </message>
    <message>
        <source>- File: `%1`</source>
        <translation>- Fichier&#xa0;: `%1`</translation>
    </message>
    <message>
        <source>- SHA-256: `%1`</source>
        <translation>- SHA-256&#xa0;: `%1`</translation>
    </message>
    <message>
        <source>- Lung-field model: %1 %2, `%3`, SHA-256 `%4`</source>
        <translation>- Modèle des champs pulmonaires&#xa0;: %1 %2, `%3`, SHA-256 `%4`</translation>
    </message>
    <message>
        <source>- Heatmaps: shown only inside the lung fields (%1)</source>
        <translation>- Cartes de chaleur&#xa0;: affichées uniquement dans les champs pulmonaires (%1)</translation>
    </message>
    <message>
        <source>- Lung-field model: not found (heat shown inside the body outline)</source>
        <translation>- Modèle des champs pulmonaires&#xa0;: introuvable (chaleur affichée dans le contour du corps)</translation>
    </message>
    <message>
        <source>Intended use stated by the model: %1</source>
        <translation>Utilisation prévue déclarée par le modèle (en anglais)&#xa0;: %1</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <source>Intended use</source>
        <translation>Utilisation prévue</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>No model is loaded. %1</source>
        <translation>Aucun modèle n&apos;est chargé. %1</translation>
    </message>
    <message>
        <source>The model card below is in English, as the model was published.</source>
        <translation>La fiche du modèle ci-dessous est en anglais, telle que le modèle a été publié.</translation>
    </message>
    <message>
        <source>(The model card could not be read: %1)</source>
        <translation>(La fiche du modèle n&apos;a pas pu être lue&#xa0;: %1)</translation>
    </message>
    <message>
        <source>(No model card found next to the model.)</source>
        <translation>(Aucune fiche du modèle trouvée à côté du modèle.)</translation>
    </message>
</context>
<context>
    <name>AboutDialog</name>
    <message>
        <source>About %1</source>
        <translation>À propos de %1</translation>
    </message>
</context>
<context>
    <name>CalibrationDialog</name>
    <message>
        <source>Calibrate for this site</source>
        <translation>Étalonner pour ce centre</translation>
    </message>
    <message>
        <source>Proposed PROVISIONAL operating point</source>
        <translation>Point de fonctionnement PROVISOIRE proposé</translation>
    </message>
    <message>
        <source>Proposed operating point</source>
        <translation>Point de fonctionnement proposé</translation>
    </message>
    <message numerus="yes">
        <source>from %n read image(s) in scope</source>
        <translation>
            <numerusform>d&apos;après %n image lue dans le domaine d&apos;utilisation</numerusform>
            <numerusform>d&apos;après %n images lues dans le domaine d&apos;utilisation</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(%n read image(s) left out: unsure, unreadable or out of scope).</source>
        <translation>
            <numerusform>(%n image lue écartée&#xa0;: lecture incertaine, illisible ou hors domaine).</numerusform>
            <numerusform>(%n images lues écartées&#xa0;: lecture incertaine, illisibles ou hors domaine).</numerusform>
        </translation>
    </message>
    <message>
        <source>PROVISIONAL.</source>
        <translation>PROVISOIRE.</translation>
    </message>
    <message>
        <source>Applying saves this operating point for this model in your settings folder: every later scan, export and report uses it and says so. Settings → Use Model Default Operating Point goes back at any time. The ranking of the worklist does not change.</source>
        <translation>Appliquer enregistre ce point de fonctionnement pour ce modèle dans votre dossier de paramètres&#xa0;: chaque analyse, export et rapport suivant l&apos;utilise et l&apos;indique. Paramètres → Utiliser le point de fonctionnement du modèle permet d&apos;y revenir à tout moment. L&apos;ordre de la liste de travail ne change pas.</translation>
    </message>
    <message>
        <source>Apply to every scan (provisional)</source>
        <translation>Appliquer à toutes les analyses (provisoire)</translation>
    </message>
    <message>
        <source>Apply to every scan</source>
        <translation>Appliquer à toutes les analyses</translation>
    </message>
</context>
<context>
    <name>ClinicSettingsDialog</name>
    <message>
        <source>Clinic Network Settings</source>
        <translation>Paramètres réseau du centre</translation>
    </message>
    <message>
        <source>This workstation as a DICOM node</source>
        <translation>Ce poste comme nœud DICOM</translation>
    </message>
    <message>
        <source>Results (Secondary Capture + Structured Report)</source>
        <translation>Résultats (Secondary Capture + Structured Report DICOM)</translation>
    </message>
    <message>
        <source>AE title</source>
        <translation>Titre AE</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Listen on</source>
        <translation>Écouter sur</translation>
    </message>
    <message>
        <source>Allowed calling AEs</source>
        <translation>AE appelants autorisés</translation>
    </message>
    <message>
        <source>Keep received files</source>
        <translation>Conserver les fichiers reçus</translation>
    </message>
    <message>
        <source>Send results</source>
        <translation>Envoyer les résultats</translation>
    </message>
    <message>
        <source>PACS host</source>
        <translation>Hôte du PACS</translation>
    </message>
    <message>
        <source>PACS port</source>
        <translation>Port du PACS</translation>
    </message>
    <message>
        <source>PACS AE title</source>
        <translation>Titre AE du PACS</translation>
    </message>
    <message>
        <source>Results folder</source>
        <translation>Dossier des résultats</translation>
    </message>
    <message>
        <source>Up to 16 characters: letters, digits, spaces; no backslash</source>
        <translation>16 caractères au plus&#xa0;: lettres, chiffres, espaces&#xa0;; pas de barre oblique inverse</translation>
    </message>
    <message>
        <source>127.0.0.1: this computer only. 0.0.0.0 (or this workstation&apos;s LAN address): accept studies from the modality or the PACS on the clinic&apos;s network.</source>
        <translation>127.0.0.1&#xa0;: cet ordinateur seulement. 0.0.0.0 (ou l&apos;adresse de ce poste sur le réseau local)&#xa0;: accepter les examens de l&apos;appareil d&apos;imagerie ou du PACS sur le réseau du centre.</translation>
    </message>
    <message>
        <source>any calling AE (e.g. MODALITY, ORTHANC)</source>
        <translation>tout AE appelant (p. ex. MODALITY, ORTHANC)</translation>
    </message>
    <message>
        <source>Accept studies only from these calling AE titles, separated by commas</source>
        <translation>N&apos;accepter que les examens de ces titres AE appelants, séparés par des virgules</translation>
    </message>
    <message>
        <source> days</source>
        <translation> jours</translation>
    </message>
    <message>
        <source>until triaged</source>
        <translation>jusqu&apos;au tri</translation>
    </message>
    <message>
        <source>Received files are kept this long in the inbox (in your data folder)</source>
        <translation>Durée de conservation des fichiers reçus dans la boîte de réception (dans votre dossier de données)</translation>
    </message>
    <message>
        <source>Nowhere</source>
        <translation>Nulle part</translation>
    </message>
    <message>
        <source>Send to a PACS</source>
        <translation>Envoyer à un PACS</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Dossier</translation>
    </message>
    <message>
        <source>host name or IP address</source>
        <translation>nom d&apos;hôte ou adresse IP</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <source>Saved to %1 (shared with cxr-triage listen and watch).</source>
        <translation>Enregistré dans %1 (partagé avec cxr-triage listen et watch).</translation>
    </message>
    <message>
        <source>Folder for results</source>
        <translation>Dossier pour les résultats</translation>
    </message>
    <message>
        <source>not saved: %1</source>
        <translation>non enregistré&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>System language</source>
        <extracomment>Qt&apos;s own catalogue per language (its standard dialogs and buttons). There is no European Portuguese qtbase: pt uses pt_BR&apos;s, whose button words (OK, Cancelar, Fechar) are the same. The QLocale that formats numbers and dates for each language (pt: European Portuguese).</extracomment>
        <translation>Langue du système</translation>
    </message>
</context>
<context>
    <name>LogPanel</name>
    <message>
        <source>Messages and per-file errors appear here.</source>
        <translation>Les messages et les erreurs par fichier s&apos;affichent ici.</translation>
    </message>
    <message>
        <source>INFO</source>
        <comment>log level, at most 7 letters</comment>
        <translation>INFO</translation>
    </message>
    <message>
        <source>WARNING</source>
        <comment>log level, at most 7 letters</comment>
        <translation>AVERT.</translation>
    </message>
    <message>
        <source>ERROR</source>
        <comment>log level, at most 7 letters</comment>
        <translation>ERREUR</translation>
    </message>
    <message>
        <source>An unexpected error occurred: %1</source>
        <translation>Une erreur inattendue s&apos;est produite&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source> %</source>
        <comment>after the threshold number</comment>
        <translation>&#x202f;%</translation>
    </message>
    <message>
        <source>Reset to model default</source>
        <translation>Revenir au seuil du modèle</translation>
    </message>
    <message>
        <source>Pneumonia threshold</source>
        <translation>Seuil de pneumonie</translation>
    </message>
    <message>
        <source>Model default: %1.</source>
        <translation>Seuil du modèle&#xa0;: %1.</translation>
    </message>
    <message>
        <source>No model is loaded.</source>
        <translation>Aucun modèle n&apos;est chargé.</translation>
    </message>
    <message>
        <source>Images at or above the threshold are labelled pneumonia. A lower threshold misses fewer cases but raises more false alarms. The ranking of the worklist does not change.</source>
        <translation>Les images au seuil ou au-dessus sont étiquetées pneumonie. Un seuil plus bas manque moins de cas mais donne plus de fausses alertes. L&apos;ordre de la liste de travail ne change pas.</translation>
    </message>
    <message>
        <source>Rank out-of-scope images with the others</source>
        <translation>Classer les images hors domaine avec les autres</translation>
    </message>
    <message>
        <source>Off (recommended): images the model was not made for — adults, lateral views, other body parts, photos — are listed after the ranked images, without a label.
On: they are ranked and labelled like the others. Every export says so.</source>
        <translation>Désactivé (recommandé)&#xa0;: les images pour lesquelles le modèle n&apos;a pas été conçu — adultes, clichés de profil, autres régions du corps, photos — sont listées après les images classées, sans étiquette.
Activé&#xa0;: elles sont classées et étiquetées comme les autres. Chaque export l&apos;indique.</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>Domaine d&apos;utilisation</translation>
    </message>
    <message>
        <source>Light</source>
        <comment>theme</comment>
        <translation>Clair</translation>
    </message>
    <message>
        <source>Dark</source>
        <comment>theme</comment>
        <translation>Sombre</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>Thème</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source>The dialogs change language at once; the main window changes when CXR Triage is next started.</source>
        <translation>Les boîtes de dialogue changent de langue tout de suite&#xa0;; la fenêtre principale change au prochain démarrage de CXR Triage.</translation>
    </message>
</context>
</TS>
